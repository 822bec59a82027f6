package dev.barista.shop;

/** A search that cannot be answered with products: the status and a fixed reason for the client. */
final class SearchFailure extends RuntimeException {
    private final int status;

    SearchFailure(int status, String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace to fill
        this.status = status;
    }

    int status() {
        return status;
    }
}
