package dev.barista.handler;

/** Routes under one path prefix, with filters of their own: see {@link Routes#group}. */
public final class RouteGroup extends Routes<RouteGroup> {

    RouteGroup(String prefix) {
        super(prefix);
    }

    @Override
    protected RouteGroup self() {
        return this;
    }
}
