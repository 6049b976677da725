package com.meter.siem.handler;

import com.meter.siem.provisioning.Outcome;
import com.meter.siem.provisioning.Progress;
import java.util.function.Consumer;

/**
 * One custom resource type this function serves: what its Create, Update and Delete do, and which physical id
 * names it. The handler keeps the protocol (parse, refuse, watchdog, answer, redact); the rules of each resource
 * live here.
 */
interface CustomResource {
    /** The one logical id the template gives this type: a request naming another is refused. */
    String logicalId();

    /**
     * @param aimedAt told, once the properties are valid, the physical id a failed Create reports, so that
     *                CloudFormation's rollback Delete names what this Create aimed at
     */
    Outcome create(CustomResourceRequest event, Progress progress, Consumer<String> aimedAt);

    /** @param aimedAt as for {@link #create}, the physical id a failed Update that replaces reports */
    Outcome update(CustomResourceRequest event, Progress progress, Consumer<String> aimedAt);

    /** Removes what the resource owns; returns what was done, for the log. */
    String delete(CustomResourceRequest event, Progress progress);
}
