package dev.barista.shop;

import java.util.List;

/** The regions users live in and warehouses stock. */
public final class Regions {
    public static final List<String> ALL = List.of("us-east", "us-west", "eu-west", "eu-central", "ap-south",
            "ap-east");

    private Regions() {
    }
}
