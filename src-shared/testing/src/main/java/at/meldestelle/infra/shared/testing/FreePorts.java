package at.meldestelle.infra.shared.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Supplier;

/**
 * Ports on 127.0.0.1 for servers that cannot be told to bind port 0 and report it. A port free
 * now may be taken before the server binds it, so servers start through {@link #retryWhileTaken}.
 */
public final class FreePorts {

    private static final int ATTEMPTS = 5;

    private FreePorts() {
    }

    /** A port that was free a moment ago; also a port where, most likely, nothing listens. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    /** Starts a server, again on other ports while the ones it picked were taken before it bound them. */
    static <T> T retryWhileTaken(Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (PortTakenException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
