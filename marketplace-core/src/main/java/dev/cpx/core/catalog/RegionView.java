package dev.cpx.core.catalog;

import java.io.Serializable;

public record RegionView(String code, String name, String country) implements Serializable {
}
