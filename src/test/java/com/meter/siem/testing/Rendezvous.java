package com.meter.siem.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forces two concurrent runs to overlap where a race would hurt: each thread, after its first call of one
 * method of a port, waits until every party has made that call too. Without it, two "simultaneous" runs
 * may well run one after the other (a 2-core machine's common pool has one thread), and a test of their
 * race cannot fail.
 */
public final class Rendezvous {
    private static final long TIMEOUT_SECONDS = 10;

    private final CyclicBarrier barrier;
    private final ThreadLocal<Boolean> arrived = ThreadLocal.withInitial(() -> false);

    public Rendezvous(int parties) {
        this.barrier = new CyclicBarrier(parties);
    }

    /** DELEGATE, whose first call of METHOD in each thread returns only once every party has made it. */
    public <T> T after(Class<T> port, T delegate, String method) {
        InvocationHandler handler = (proxy, called, arguments) -> {
            Object result;
            try {
                result = called.invoke(delegate, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (called.getName().equals(method) && !arrived.get()) {
                arrived.set(true);
                await(method);
            }
            return result;
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    private void await(String method) {
        try {
            barrier.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other run never called " + method + ": the runs did not overlap", e);
        }
    }
}
