"""Writes the events of events/ and an env.json for `sam local invoke` against a real account.

The events in events/ name account 123456789012, region us-east-1 and stack meter-siem-integration. The
provisioner serves only the stack in its STACK_ID and builds every ARN from the event's StackId, so run
against a real account they must name yours: this rewrites them, and gives the provisioner the STACK_ID,
deployment settings (role boundary, Meter's principal, the provisioner's role) and local response endpoint that
match. Never calls AWS.
"""
import json
import os
import sys

EXAMPLE_ACCOUNT = "123456789012"
EXAMPLE_REGION = "us-east-1"
EXAMPLE_STACK = "meter-siem-integration"
EVENTS = ("create.json", "update.json", "delete.json", "scheduled.json")


def rewrite(text, account, region, stack):
    """TEXT with the example account, region and stack replaced, also where URL-encoded in ResponseURL."""
    for old, new in ((EXAMPLE_ACCOUNT, account), (EXAMPLE_REGION, region), (EXAMPLE_REGION.replace("-", ""),
                     region.replace("-", "")), ("stack/" + EXAMPLE_STACK + "/", "stack/" + stack + "/"),
                     ("stack%2F" + EXAMPLE_STACK + "%2F", "stack%2F" + stack + "%2F"),
                     (EXAMPLE_STACK + "/meter-siem/", stack + "/meter-siem/")):
        text = text.replace(old, new)
    return text


def main(out_dir, account, region, stack, role_boundary_arn, role_arn, response_endpoint):
    os.makedirs(out_dir, exist_ok=True)
    stack_id = principal = None
    for name in EVENTS:
        with open(os.path.join("events", name), encoding="utf-8") as f:
            event = json.loads(rewrite(f.read(), account, region, stack))
        if "StackId" in event:
            stack_id = event["StackId"]
            principal = event["ResourceProperties"]["MeterServiceRoleArn"]
            if response_endpoint:
                # The provisioner answers only to CloudFormation, or to the endpoint its environment names.
                event["ResponseURL"] = response_endpoint + "/" + name
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            json.dump(event, f, indent=2)
            f.write("\n")
    # The external ID secret's resource policy lets only PROVISIONER_ROLE_ARN change the ID: the role you invoke with.
    provisioner = {"STACK_ID": stack_id, "RETAIN_STREAM_ON_DELETE": "true", "ADOPT_EXISTING_STREAM": "false",
                   "ROLE_BOUNDARY_ARN": role_boundary_arn, "METER_SERVICE_ROLE_ARN": principal,
                   "PROVISIONER_ROLE_ARN": role_arn}
    if response_endpoint:
        provisioner["METER_SIEM_TEST_RESPONSE_ENDPOINT"] = response_endpoint
    with open(os.path.join(out_dir, "env.json"), "w", encoding="utf-8") as f:
        json.dump({"ProvisionerFunction": provisioner}, f, indent=2)
        f.write("\n")
    print(f"wrote {', '.join(EVENTS)} and env.json to {out_dir} for stack {stack_id}")


if __name__ == "__main__":
    main(*sys.argv[1:8])
