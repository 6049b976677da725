"""The StackSets template: template.yaml transformed into plain CloudFormation (service-managed StackSets
reject the SAM transform), each function's code read from its region's bucket under a key of its own and at
the object version uploaded there, and the IAM role and policy names suffixed with the region (IAM names are
account-wide; one account may get two regions). Used by scripts/stackset-package; never calls AWS.

Usage: python3 scripts/lib/stackset_template.py OUTPUT PREFIX PACKAGES CODE_LIST ACCOUNT REGIONS
         writes OUTPUT, with every object version PENDING, and CODE_LIST: one "<LogicalId> <key> <package>"
         line per function's package in PACKAGES/<LogicalId>.zip
       python3 scripts/lib/stackset_template.py --pin OUTPUT VERSIONS
         pins each region's object versions in OUTPUT, from VERSIONS: "<region> <LogicalId> <version>" lines
"""
import hashlib
import itertools
import json
import os
import sys

from sam_transform import transformed


PENDING = "PENDING"


def code_from_buckets(template, prefix, packages, account, regions):
    """Points each function at its package's key and version in <prefix>-<account>-<region>; returns the uploads.

    The version, not only the key: a bucket's objects can be overwritten by whoever may write to it, and a stack
    instance created or updated later would then run that code; an object version cannot be replaced.
    """
    template["Parameters"]["CodeBucketPrefix"] = {
        "Type": "String",
        "Default": prefix,
        "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,40}$",
        "Description": "The functions' code is read from the bucket <CodeBucketPrefix>-" + account
                       + "-<region> of each region",
    }
    # Each function's own package, keyed by its name and content: a changed package is a new key, which is
    # what makes CloudFormation update the function's code.
    uploads = []
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Lambda::Function":
            package = os.path.join(packages, f"{logical_id}.zip")
            if not os.path.isfile(package):
                sys.exit(f"stackset-package: {package} not found: each function needs its package")
            with open(package, "rb") as f:
                key = f"meter-siem-integration/{logical_id}-{hashlib.sha256(f.read()).hexdigest()[:16]}.zip"
            resource["Properties"]["Code"] = {
                "S3Bucket": {"Fn::Sub": "${CodeBucketPrefix}-%s-${AWS::Region}" % account}, "S3Key": key,
                "S3ObjectVersion": {"Fn::FindInMap": ["CodeVersions", {"Ref": "AWS::Region"}, logical_id]}}
            uploads.append(f"{logical_id} {key} {package}\n")
            print(f"    {logical_id}: {key}")
    functions = [line.split()[0] for line in uploads]
    template.setdefault("Mappings", {})["CodeVersions"] = {
        region: {function: PENDING for function in functions} for region in regions}
    return uploads


def pin(output, versions):
    """Replaces each PENDING object version of OUTPUT with the one uploaded; every one must be known."""
    with open(output, encoding="utf-8") as f:
        template = json.load(f)
    code_versions = template["Mappings"]["CodeVersions"]
    with open(versions, encoding="utf-8") as f:
        for region, function, version in (line.split() for line in f if line.strip()):
            code_versions[region][function] = version
    pending = [f"{region} {function}" for region, function in itertools.chain.from_iterable(
        ((region, function) for function, version in functions.items() if version == PENDING)
        for region, functions in code_versions.items())]
    if pending:
        sys.exit(f"stackset-package: no object version for {', '.join(pending)}")
    write(output, template)


def suffixed(node):
    """NODE with the role and policy named with the region wherever an Fn::Sub names them."""
    if isinstance(node, dict):
        return {key: (value.replace("${IamRoleName}", "${IamRoleName}-${AWS::Region}")
                      .replace("${IamPolicyName}", "${IamPolicyName}-${AWS::Region}")
                      if key == "Fn::Sub" and isinstance(value, str) else suffixed(value))
                for key, value in node.items()}
    if isinstance(node, list):
        return [suffixed(item) for item in node]
    return node


def region_suffixed_iam_names(template):
    properties = template["Resources"]["MeterSiemIntegration"]["Properties"]
    for name in ("IamRoleName", "IamPolicyName"):
        properties[name] = {"Fn::Sub": "${%s}-${AWS::Region}" % name}
    # The same names everywhere else too: the roles' policies name the role and policy in Fn::Sub.
    for logical_id, resource in template["Resources"].items():
        if logical_id != "MeterSiemIntegration":
            template["Resources"][logical_id] = suffixed(resource)


def write(output, template):
    text = json.dumps(template, separators=(",", ":"))
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"    {len(text)} bytes")


def main(output, prefix, packages, code, account, regions):
    template = transformed("template.yaml", quiet=True)
    template.pop("Transform", None)
    uploads = code_from_buckets(template, prefix, packages, account, regions.split(","))
    with open(code, "w", encoding="utf-8") as f:
        f.writelines(uploads)
    region_suffixed_iam_names(template)
    write(output, template)


if __name__ == "__main__":
    if sys.argv[1] == "--pin":
        pin(*sys.argv[2:4])
    else:
        main(*sys.argv[1:7])
