"""The SAM transform, offline: what `sam package` + CloudFormation's Transform do to template.yaml.

Used by scripts/check-template (to lint and test the deployed shape) and scripts/stackset-package
(which needs a template without a Transform section). Never calls AWS.
"""
import collections
import json
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

PLACEHOLDER_CODE_URI = "s3://sam-package-placeholder/code.zip"


class NoManagedPolicies:
    """Stands in for ManagedPolicyLoader, which lists AWS managed policies through the IAM API.

    The template names no managed policies, so an empty map is all the transform needs.
    """

    def load(self):
        return {}


def _placeholder_code_uri(owner, properties, quiet):
    code_uri = properties.get("CodeUri") if isinstance(properties, dict) else None
    if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
        properties["CodeUri"] = PLACEHOLDER_CODE_URI
        if not quiet:
            print(f"    {owner}: local CodeUri {code_uri!r} replaced by {PLACEHOLDER_CODE_URI!r}")


def transformed(template_path, quiet=False):
    """The template as CloudFormation would deploy it, with placeholder code locations; exits on errors."""
    with open(template_path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # The transform accepts only S3 locations for code: `sam package` uploads the local CodeUri and
    # substitutes its S3 URI before CloudFormation ever sees the template. Do the same with a
    # placeholder, as cfn-lint does, so the rest of the template is transformed as deployed.
    _placeholder_code_uri("Globals.Function", template.get("Globals", {}).get("Function"), quiet)
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::Serverless::Function":
            _placeholder_code_uri(logical_id, resource.get("Properties"), quiet)
    try:
        result = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as err:
        for cause in err.causes:
            print(f"    {cause.message}", file=sys.stderr)
        sys.exit(f"FAILED: the SAM transform rejected {template_path}")
    except Exception as err:  # any other exception is a translator failure too; report, don't trace
        sys.exit(f"FAILED: the SAM transform raised {type(err).__name__}: {err}")
    leftovers = sorted(k for k, v in result.get("Resources", {}).items()
                       if v.get("Type", "").startswith("AWS::Serverless::"))
    if leftovers:
        sys.exit(f"FAILED: SAM resources left untransformed: {', '.join(leftovers)}")
    return result


def _summarize(result, output_path):
    resources = result.get("Resources", {})
    print(f"    wrote {output_path}")
    print(f"    parameters ({len(result.get('Parameters', {}))}): {', '.join(result.get('Parameters', {}))}")
    by_type = collections.defaultdict(list)
    for logical_id, resource in resources.items():
        by_type[resource["Type"]].append(logical_id)
    print(f"    resources ({len(resources)}):")
    for resource_type in sorted(by_type):
        print(f"      {resource_type}: {', '.join(sorted(by_type[resource_type]))}")
    print(f"    outputs ({len(result.get('Outputs', {}))}): {', '.join(result.get('Outputs', {}))}")


if __name__ == "__main__":
    template_path, output_path = sys.argv[1], sys.argv[2]
    result = transformed(template_path)
    with open(output_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, sort_keys=False)
        f.write("\n")
    _summarize(result, output_path)
