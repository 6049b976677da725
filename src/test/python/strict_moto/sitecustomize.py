"""
Loaded by the authorizing moto_server only (AuthorizingMoto puts this folder on its PYTHONPATH). Three rules
of IAM that moto 5.2 does not follow: roles named by their ARN before they exist, trust policy conditions on a
key the request lacks, and (further down) the permissions-boundary conditions of the caller's policy.

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
# Only for sts: keys, which only trust policies use here: moto evaluates the caller's own policies with no
# request values at all, and takes a condition that fails as a Deny (the iam: keys are evaluated further down).
from moto.iam import policy_conditions

_verify_condition = policy_conditions.TrustCondition.verify_condition


def _verify_condition_with_every_key(self, actual_values):
    if (self._condition in policy_conditions.CONDITION_OPERATIONS
            and any(key.startswith("sts:") for key in self.context_keys)
            and len(actual_values) < len(self._expected_value)):
        return False
    return _verify_condition(self, actual_values)


policy_conditions.TrustCondition.verify_condition = _verify_condition_with_every_key
print(MARKER, flush=True)


# moto evaluates no condition of the caller's own policies. IAM's permissions-boundary conditions are what stop
# the provisioner's role from making a role that can do more than write to the stream, so this evaluates the
# two condition keys the provisioner's policy uses on role actions, as the Service Authorization Reference
# defines them: iam:PermissionsBoundary (the boundary a CreateRole or PutRolePermissionsBoundary request sets;
# for the other actions, the boundary the role has now) and iam:PolicyARN (the policy an attach or detach
# names). A condition on one of these keys fails when the request has no value for it, as in IAM; conditions
# on other keys are left to moto, which passes them.
import fnmatch  # noqa: E402

from moto.iam.access_control import IAMPolicy, IAMPolicyStatement, IAMRequest  # noqa: E402

BOUNDARY_SET_BY_REQUEST = {"iam:CreateRole", "iam:PutRolePermissionsBoundary"}
BOUNDARY_OF_ROLE = {"iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
                    "iam:DeleteRolePermissionsBoundary"}
MODELLED_KEYS = {"iam:permissionsboundary", "iam:policyarn"}
BOUNDARY_MARKER = "strict_moto: iam:PermissionsBoundary and iam:PolicyARN conditions are evaluated"


def _request_context(request):
    """The modelled condition keys' values for this request (lower-case keys), or None for other actions."""
    action = request._action
    if action not in BOUNDARY_SET_BY_REQUEST | BOUNDARY_OF_ROLE:
        return None
    context = {}
    if action in BOUNDARY_SET_BY_REQUEST:
        boundary = (request._data.get("PermissionsBoundary") or [None])[0]
    else:
        try:
            boundary = request.backend.get_role((request._data.get("RoleName") or [""])[0]).permissions_boundary_arn
        except NotFoundException:
            boundary = None
    if boundary:
        context["iam:permissionsboundary"] = boundary
    policy_arn = (request._data.get("PolicyArn") or [None])[0]
    if policy_arn:
        context["iam:policyarn"] = policy_arn
    return context


def _condition_holds(operator, expected, actual):
    expected = expected if isinstance(expected, list) else [expected]
    if actual is None:
        return operator.endswith("IfExists") or operator.startswith("StringNot") or operator.startswith("ArnNot")
    operator = operator.removesuffix("IfExists")
    if operator in ("StringEquals", "ArnEquals"):
        return actual in expected
    if operator in ("StringLike", "ArnLike"):
        return any(fnmatch.fnmatchcase(actual, pattern) for pattern in expected)
    if operator == "StringNotEquals":
        return actual not in expected
    raise ValueError(f"strict_moto: condition operator {operator} is not evaluated here")


def _statement_conditions_hold(statement, context):
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, expected in keys.items():
            if key.lower() in MODELLED_KEYS and not _condition_holds(operator, expected, context.get(key.lower())):
                return False
    return True


_moto_check_action_permitted = IAMRequest.check_action_permitted


def _check_action_permitted(self, resource):
    _moto_check_action_permitted(self, resource)
    context = _request_context(self)
    if context is None:
        return
    allowed = False
    for policy in self._access_key.collect_policies():
        statements = IAMPolicy(policy)._policy_json["Statement"]
        for statement in statements if isinstance(statements, list) else [statements]:
            matcher = IAMPolicyStatement(statement)
            applies = (matcher._check_element_matches("Action", self._action)
                       and matcher._check_element_matches("Resource", resource)
                       and _statement_conditions_hold(statement, context))
            if applies and statement["Effect"] == "Deny":
                self._raise_access_denied()
            allowed = allowed or applies
    if not allowed:
        self._raise_access_denied()


IAMRequest.check_action_permitted = _check_action_permitted
print(BOUNDARY_MARKER, flush=True)
