import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Waits until a topic holds COUNT committed records (read_committed, from the beginning) and prints
 * the wall-clock time it saw the last one, in epoch milliseconds. For bench/scale-out.sh, run with
 * the Kafka jars of bin/kafka-local: java -cp 'LIB/*' TopicRecords.java BOOTSTRAP TOPIC COUNT TIMEOUT_S
 */
public class TopicRecords {
    public static void main(String[] args) {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", "bench-" + System.nanoTime());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        long want = Long.parseLong(args[2]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[3]) * 1000;
        long seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(args[1]));
            while (seen < want) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("TopicRecords: " + seen + " of " + want + " records in " + args[1] + " before the timeout");
                    System.exit(1);
                }
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        System.out.println(System.currentTimeMillis());
    }
}
