package io.odock.core.usage;

import io.odock.core.store.Database;
import io.odock.core.store.WriteBackoff;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes usage records behind the request path: {@link #record} only queues; a background writer inserts batches
 * (every second, or sooner when {@value #BATCH} are waiting). While the database is down records stay queued and are
 * retried with backoff, so a short outage loses nothing. A record is never dropped: {@link #hasRoom()} turns false
 * when {@code capacity} records wait, and the gateway then refuses new requests with 503 rather than admit calls it
 * could not record (calls already admitted still queue theirs). {@link #close()} writes what is left.
 */
public final class UsageRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    static final int BATCH = 500;
    private static final WriteBackoff BACKOFF = WriteBackoff.WRITERS;

    private final SqlSessionFactory sessions;
    private final int capacity;
    private final ArrayDeque<UsageRecord> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Serializes writes between the background writer and explicit flushes. */
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread writer;
    private volatile boolean closed;

    /** Records into this database, admitting new requests while fewer than 100,000 records wait. */
    public UsageRecorder(Database database) {
        this(database.sessions(), 100_000);
    }

    /** Records into this database, admitting new requests while fewer than {@code capacity} records wait. */
    public UsageRecorder(Database database, int capacity) {
        this(database.sessions(), capacity);
    }

    UsageRecorder(SqlSessionFactory sessions, int capacity) {
        this.sessions = sessions;
        this.capacity = capacity;
        this.writer = Thread.ofPlatform().daemon().name("odock-usage-writer").start(this::writeLoop);
    }

    /** Queues a record; never blocks on I/O. */
    public void record(UsageRecord record) {
        lock.lock();
        try {
            queue.addLast(record);
            if (queue.size() >= BATCH) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether fewer than {@code capacity} records wait, so another request may be admitted. */
    public boolean hasRoom() {
        lock.lock();
        try {
            return queue.size() < capacity;
        } finally {
            lock.unlock();
        }
    }

    /** Writes every queued record now. */
    public void flush() {
        writeAll();
    }

    /** The latest records of a key, newest first (reads the database; not for the request path). */
    public List<UsageRecord> findByKey(String keyId, int limit) {
        try (SqlSession session = sessions.openSession(true)) {
            return session.getMapper(UsageMapper.class).findByKey(keyId, limit).stream().map(UsageRow::toRecord)
                    .toList();
        }
    }

    /** How many records wait to be written. */
    public int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        Duration backoff = BACKOFF.interval();
        while (!closed) {
            lock.lock();
            try {
                if (queue.size() < BATCH) {
                    work.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (closed) {
                return;
            }
            try {
                writeAll();
                backoff = BACKOFF.interval();
            } catch (RuntimeException e) {
                backoff = BACKOFF.afterFailure(backoff);
                log.warn("Writing usage records failed ({} waiting); retrying in {} s: {}", pending(),
                        backoff.toSeconds(), e.getMessage());
            }
        }
    }

    /** Writes batches until the queue is empty; on failure the batch goes back to the front of the queue. */
    private void writeAll() {
        writing.lock();
        try {
            List<UsageRecord> batch;
            while (!(batch = take()).isEmpty()) {
                try (SqlSession session = sessions.openSession(ExecutorType.BATCH, false)) {
                    UsageMapper mapper = session.getMapper(UsageMapper.class);
                    for (UsageRecord record : batch) {
                        mapper.insert(UsageRow.of(record));
                    }
                    session.flushStatements();
                    session.commit();
                } catch (RuntimeException e) {
                    giveBack(batch);
                    throw e;
                }
            }
        } finally {
            writing.unlock();
        }
    }

    private List<UsageRecord> take() {
        lock.lock();
        try {
            List<UsageRecord> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
            while (batch.size() < BATCH && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void giveBack(List<UsageRecord> batch) {
        lock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                queue.addFirst(batch.get(i));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the background writer and writes what is queued. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(5_000);
            writeAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Could not write {} usage record(s) on shutdown: {}", pending(), e.getMessage());
        }
    }
}
