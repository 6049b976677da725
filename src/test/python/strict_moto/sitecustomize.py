"""
Loaded by the authorizing moto_server only (AuthorizingMoto puts this folder on its PYTHONPATH). Two rules of
IAM that moto 5.2 does not follow: roles named by their ARN before they exist, and trust policy conditions on
a key the request lacks (below).

moto 5.2 authorizes a call naming a role that does not exist against the resource "*", which no
statement scoped to role ARNs matches, so a test has to grant such calls on "*". IAM names the role's
ARN instead: CreateRole's is role/PATH/NAME with the request's Path, and a lookup of a name not yet
taken can know no path, so it is role/NAME. This makes moto do the same; an existing role keeps its ARN.
"""
from moto.iam.exceptions import NotFoundException
from moto.iam.responses import IamResponse

MARKER = "strict_moto: roles not yet created are authorized by their ARN"


def _resolve_resource_arn(self, role_name):
    try:
        return self.backend.get_role(role_name).arn
    except NotFoundException:
        path = (self.data.get("Path") or ["/"])[0]
        return f"arn:{self.partition}:iam::{self.current_account}:role{path}{role_name}"


IamResponse._resolve_resource_arn = _resolve_resource_arn


# IAM: a condition on a key the request does not carry does not match, so a trust policy's StringEquals on
# sts:ExternalId refuses an AssumeRole without an external ID. moto 5.2 skips the missing key and lets it through.
from moto.iam import policy_conditions

_verify_condition = policy_conditions.TrustCondition.verify_condition


def _verify_condition_with_every_key(self, actual_values):
    if self._condition in policy_conditions.CONDITION_OPERATIONS and len(actual_values) < len(self._expected_value):
        return False
    return _verify_condition(self, actual_values)


policy_conditions.TrustCondition.verify_condition = _verify_condition_with_every_key
print(MARKER, flush=True)
