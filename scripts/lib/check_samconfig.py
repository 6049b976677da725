"""samconfig.toml against the transformed template: every environment's parameter overrides name template
parameters, and none sets a secret (NoEcho) one, which would then sit in the file and in change sets.

Usage: python3 scripts/lib/check_samconfig.py TRANSFORMED_TEMPLATE   (from the repository root)
"""
import json
import shlex
import sys
import tomllib


def main(transformed_path):
    with open(transformed_path, encoding="utf-8") as f:
        parameters = json.load(f)["Parameters"]
    with open("samconfig.toml", "rb") as f:
        config = tomllib.load(f)
    problems = []
    for environment, commands in config.items():
        if not isinstance(commands, dict):
            continue
        overrides = shlex.split(commands.get("deploy", {}).get("parameters", {}).get("parameter_overrides", ""))
        for pair in overrides:
            name = pair.split("=", 1)[0]
            if name not in parameters:
                problems.append(f"[{environment}] overrides unknown parameter {name}")
            elif parameters[name].get("NoEcho"):
                problems.append(f"[{environment}] sets the secret parameter {name}; pass it on the command line instead")
        print(f"    {environment}: {len(overrides)} overrides")
    if problems:
        sys.exit("check-template: FAILED: " + "; ".join(problems))


if __name__ == "__main__":
    main(sys.argv[1])
