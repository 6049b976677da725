# `sam build` runs build-<LogicalId> for each function of template.yaml (Metadata: BuildMethod: makefile)
# with ARTIFACTS_DIR the folder to fill: the function's own package, classes at the root and only the
# jars it loads under lib/ (see scripts/lib/build-package). Each target runs in a copy of this folder,
# so samconfig.toml's parallel builds don't share target/; don't combine them with --build-in-source.
#
# One pattern rule serves every function, so the list of functions lives in template.yaml alone
# (build-package refuses a name the template lacks). The SAM CLI's makefile builder never reads the
# Makefile for targets: aws-lambda-builders' CustomMakeAction (workflows/custom_make/actions.py) only
# runs `make --makefile <Makefile> build-<LogicalId>` with ARTIFACTS_DIR in the environment, and make
# resolves that goal through this rule. A pattern rule cannot be .PHONY (make skips implicit rules for
# phony targets), so FORCE makes it run even if a file of that name exists.
build-%: FORCE
	scripts/lib/build-package $* "$(ARTIFACTS_DIR)"

.PHONY: FORCE
FORCE:
