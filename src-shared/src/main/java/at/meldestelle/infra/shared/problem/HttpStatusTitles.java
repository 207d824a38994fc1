package at.meldestelle.infra.shared.problem;

import io.netty.handler.codec.http.HttpResponseStatus;

final class HttpStatusTitles {

    private HttpStatusTitles() {
    }

    static String title(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
