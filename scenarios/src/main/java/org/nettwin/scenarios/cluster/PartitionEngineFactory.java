package org.nettwin.scenarios.cluster;

/**
 * Builds the engine of one partition of a plan. Implementations need a public no-argument constructor: each
 * member instantiates the factory named in the plan by reflection, so every JVM builds its partition the same way.
 */
public interface PartitionEngineFactory {
    PartitionEngine open(PartitionPlan plan, int partition) throws Exception;

    /** Instantiates the factory class {@code className} (from the plan) on this JVM. */
    static PartitionEngineFactory named(String className) {
        try {
            return Class.forName(className).asSubclass(PartitionEngineFactory.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("cannot instantiate partition engine factory " + className + ": " + e, e);
        }
    }
}
