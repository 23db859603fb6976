package com.remotefetch.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private static final Map<String, String> WEST_PIZZA = Map.of("region", "west", "brand", "pizza");

    @Test
    void labelsAreAndedAndIdsTakeWildcards() {
        assertTrue(Selector.parse("region=west").matches("restaurant_1", WEST_PIZZA));
        assertTrue(Selector.parse("region=west,brand=pizza").matches("restaurant_1", WEST_PIZZA));
        assertFalse(Selector.parse("region=west,brand=burger").matches("restaurant_1", WEST_PIZZA));
        assertTrue(Selector.parse("restaurant_*").matches("restaurant_1", Map.of()));
        assertTrue(Selector.parse("*_1").matches("restaurant_1", Map.of()));
        assertFalse(Selector.parse("restaurant_*").matches("depot_1", Map.of()));
        assertFalse(Selector.parse("restaurant.1").matches("restaurantx1", Map.of()), "a dot is a dot");
        assertTrue(Selector.parse("").matches("anything", Map.of()));
        assertTrue(Selector.parse(null).matches("anything", Map.of()));
    }
}
