package dev.barista.shop;

import dev.barista.client.ClientRequest;
import dev.barista.client.ClientResponse;
import dev.barista.client.Upstream;

import java.io.IOException;

/** What one backend call gave: a response, or why there is none. The three client faces all end up here. */
record Reply(ClientResponse response, Throwable failure) {

    /** The blocking face: waits (a virtual thread parks; a platform thread is held). Interrupting cancels the call. */
    static Reply await(Upstream upstream, ClientRequest request) throws InterruptedException {
        try {
            return new Reply(upstream.send(request), null);
        } catch (IOException e) {
            return new Reply(null, e);
        }
    }
}
