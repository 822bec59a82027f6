package dev.barista.shop;

import dev.barista.http.HttpException;

/** Parameter parsing shared by the shop's routes: a bad value is a 400 that never echoes the input. */
final class ShopParams {
    private ShopParams() {
    }

    static long longParam(String name, String value) {
        if (value == null || value.isEmpty()) throw new HttpException(400, "missing " + name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new HttpException(400, name + " must be an integer");
        }
    }

    static int intParam(String name, String value, int absent, int min, int max) {
        if (value == null || value.isEmpty()) return absent;
        long v = longParam(name, value);
        if (v < min || v > max) throw new HttpException(400, name + " must be in " + min + ".." + max);
        return (int) v;
    }
}
