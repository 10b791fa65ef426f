import { ApiError } from "./http.js";
import type { EmulatorStore } from "./store.js";
import type { Region, Role, WorkspaceState } from "./types.js";

export interface Auth {
  workspace: WorkspaceState;
  role: Role;
  canPublish: boolean;
}

const BAD_CREDENTIALS = "The request does not have valid authentication credentials.";
/** front/lib/auth.ts getBearerToken: "Bearer" in any case, spaces, then a token68. */
const BEARER = /^Bearer\s+([A-Za-z0-9-._~+/]+=*)$/i;

/**
 * The public API's authentication, in the server's order (front/lib/auth.ts): header present, header
 * shape, token shape, key known (to this region's host), workspace exists here, key belongs to it.
 * The key comes first, so a key sent to the wrong region is "invalid", never "workspace not found".
 */
export function authenticate(
  store: EmulatorStore,
  wId: string,
  authorization: string | undefined,
  region: Region | undefined,
): Auth {
  if (!authorization) throw new ApiError(401, "not_authenticated", BAD_CREDENTIALS);
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) throw new ApiError(401, "malformed_authorization_header_error", "Missing Authorization header");
  if (!token.startsWith("sk-")) throw new ApiError(401, "malformed_authorization_header_error", "Malformed Authorization header");
  const owner = store.findKey(token);
  const servedHere = (ws: WorkspaceState | undefined): ws is WorkspaceState => ws !== undefined && (region === undefined || ws.region === region);
  if (!owner || !servedHere(store.workspace(owner.workspaceId))) {
    throw new ApiError(401, "invalid_api_key_error", "The API key provided is invalid or disabled.");
  }
  const workspace = store.workspace(wId);
  if (!servedHere(workspace)) throw new ApiError(404, "workspace_not_found", "The workspace was not found.");
  if (owner.workspaceId !== wId) {
    throw new ApiError(401, "workspace_auth_error", "Only users of the workspace can access this content.");
  }
  return { workspace, role: owner.role, canPublish: owner.canPublish };
}

export function requireAdmin(auth: Auth): void {
  if (auth.role !== "admin") throw new ApiError(403, "workspace_auth_error", "Only admin users can perform this action.");
}
