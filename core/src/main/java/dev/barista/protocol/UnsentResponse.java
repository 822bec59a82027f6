package dev.barista.protocol;

import dev.barista.http.Response;
import dev.barista.http.ResponseBody;

import java.io.IOException;

/** A response that will not be sent after all (its connection or stream is gone): what it holds is let go. */
public final class UnsentResponse {

    private UnsentResponse() {
    }

    /** Releases what a response holds that is not memory: a file, a stream. */
    public static void release(Response response) {
        try {
            switch (response.body()) {
                case ResponseBody.FileRegion file -> file.channel().close();
                case ResponseBody.Stream stream -> stream.stream().close();
                default -> { }
            }
        } catch (IOException ignored) {
            // releasing only
        }
    }
}
