package com.meter.siem.provisioning;

/**
 * A step failed. Carries the step, so the reason CloudFormation shows says where, and either our own
 * explanation, or the AWS error as the cause (translated for people by the handler), or both.
 */
public final class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String step;

    public ProvisioningException(String step, String explanation, Throwable cause) {
        super(explanation == null ? "" : explanation, cause);
        this.step = step;
    }

    /** Wraps any failure of a step, keeping an explanation we already gave. */
    static ProvisioningException at(String step, RuntimeException failure) {
        return failure instanceof ProvisioningException known ? known : new ProvisioningException(step, "", failure);
    }

    ProvisioningException withNote(String note) {
        String text = (getMessage() + " " + note).strip();
        return new ProvisioningException(step, text, getCause());
    }

    public String step() {
        return step;
    }
}
