package at.meldestelle.infra.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte for byte, for what HTTP client libraries refuse to send or rewrite
 * (absolute-form targets, Connection lists, raw paths, slow bodies). Reads until the server closes.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    static String send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    /**
     * Sends {@code head} and {@code body} without asking the server to close, then reads until it
     * closes: the server must end the connection itself (fails after 10 s otherwise).
     */
    static String sendWithoutClosing(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before the body is all written.
            }
            return readAll(socket.getInputStream());
        }
    }

    /** Sends the body one byte every {@code pauseMillis}: an upload that takes its time. */
    static String sendSlowly(int port, String head, byte[] body, long pauseMillis) throws IOException, InterruptedException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (byte b : body) {
                Thread.sleep(pauseMillis);
                out.write(b);
                out.flush();
            }
            return readAll(socket.getInputStream());
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }
}
