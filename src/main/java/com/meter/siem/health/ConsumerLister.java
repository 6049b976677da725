package com.meter.siem.health;

import java.util.List;

/** ListStreamConsumers, in domain terms. */
public interface ConsumerLister {
    /** The names of the enhanced fan-out consumers registered with the stream and not being deregistered. */
    List<String> consumerNames(String streamArn);
}
