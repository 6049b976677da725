# `sam build` runs build-<LogicalId> for each function of template.yaml (Metadata: BuildMethod: makefile)
# with ARTIFACTS_DIR the folder to fill: the function's own package, classes at the root and only the
# jars it loads under lib/ (see scripts/lib/build-package). Each target runs in a copy of this folder,
# so samconfig.toml's parallel builds don't share target/; don't combine them with --build-in-source.
.PHONY: build-ProvisionerFunction build-HealthCheckFunction
build-ProvisionerFunction build-HealthCheckFunction:
	scripts/lib/build-package $(@:build-%=%) "$(ARTIFACTS_DIR)"
