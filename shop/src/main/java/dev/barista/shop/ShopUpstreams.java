package dev.barista.shop;

import dev.barista.client.Upstream;

/** The gateway's three backends, all pinned to one event loop: a request's callbacks come back on its loop. */
record ShopUpstreams(Upstream users, Upstream products, Upstream inventory) {
}
