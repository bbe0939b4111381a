package dev.cpx.core.engine;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A bounded stack of reusable objects. It creates objects only while the book grows past its
 * previous high-water mark, so a book in steady state allocates nothing.
 */
final class ObjectPool<T> {

    private final Supplier<T> factory;
    private final int maxCreated;
    private Object[] free = new Object[64];
    private int freeCount;
    private int created;

    ObjectPool(Supplier<T> factory, int maxCreated) {
        this.factory = factory;
        this.maxCreated = maxCreated;
    }

    @SuppressWarnings("unchecked")
    T take() {
        if (freeCount > 0) {
            T object = (T) free[--freeCount];
            free[freeCount] = null;
            return object;
        }
        if (created == maxCreated) {
            throw new IllegalStateException("pool exhausted at " + maxCreated + " objects");
        }
        created++;
        return factory.get();
    }

    void release(T object) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, Math.min(free.length * 2, maxCreated));
        }
        free[freeCount++] = object;
    }

    /** Objects handed out and not yet returned. */
    int inUse() {
        return created - freeCount;
    }
}
