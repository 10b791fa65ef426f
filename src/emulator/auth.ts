import { ApiError } from "./http.js";
import type { EmulatorStore } from "./store.js";
import type { Region, Role, WorkspaceState } from "./types.js";

export interface Auth {
  workspace: WorkspaceState;
  role: Role;
  canPublish: boolean;
}

const BAD_CREDENTIALS = "The request does not have valid authentication credentials.";

/**
 * The public API's authentication, in the server's order (front-api/middlewares/public_api_auth.ts and
 * lib/auth.ts getAPIKey): header present, header shape, key known, workspace exists and is served by this
 * region, key belongs to the workspace.
 */
export function authenticate(
  store: EmulatorStore,
  wId: string,
  authorization: string | undefined,
  region: Region | undefined,
): Auth {
  if (!authorization) throw new ApiError(401, "not_authenticated", BAD_CREDENTIALS);
  const parsed = /^Bearer (sk-[a-zA-Z0-9_-]+)$/.exec(authorization.trim());
  if (!parsed?.[1]) throw new ApiError(401, "malformed_authorization_header_error", "Malformed Authorization header");
  const owner = store.findKey(parsed[1]);
  if (!owner) throw new ApiError(401, "invalid_api_key_error", "The API key provided is invalid or disabled.");
  const workspace = store.workspace(wId);
  // A workspace lives in one region: the other region's host does not know it.
  if (!workspace || (region !== undefined && workspace.region !== region)) {
    throw new ApiError(404, "workspace_not_found", "The workspace was not found.");
  }
  if (owner.workspaceId !== wId) {
    throw new ApiError(401, "workspace_auth_error", "Only users of the workspace can access this content.");
  }
  return { workspace, role: owner.role, canPublish: owner.canPublish };
}

export function requireAdmin(auth: Auth): void {
  if (auth.role !== "admin") throw new ApiError(403, "workspace_auth_error", "Only admin users can perform this action.");
}
