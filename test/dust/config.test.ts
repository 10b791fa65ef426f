import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isLoopback, resolveConnection } from "../../src/config.js";
import { ConfigError } from "../../src/errors.js";

const base = { DUST_WORKSPACE_ID: "w123", DUST_API_KEY: "sk-abcdef0123456789" };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveConnection", () => {
  it("defaults to the US host and reads the workspace and key from the environment", () => {
    const c = resolveConnection({}, base);
    expect({ ...c }).toEqual({ baseUrl: "https://dust.tt", region: "us", workspaceId: "w123", apiKey: "sk-abcdef0123456789" });
  });

  it("maps DUST_REGION to the regional host", () => {
    expect(resolveConnection({}, { ...base, DUST_REGION: "eu" }).baseUrl).toBe("https://eu.dust.tt");
    expect(resolveConnection({}, { ...base, DUST_REGION: "US" }).baseUrl).toBe("https://dust.tt");
    expect(configError(() => resolveConnection({}, { ...base, DUST_REGION: "asia" })).message).toContain("DUST_REGION");
  });

  it("lets DUST_BASE_URL override the region and strips a trailing slash", () => {
    const c = resolveConnection({}, { ...base, DUST_REGION: "eu", DUST_BASE_URL: "https://proxy.example.com/dust/" });
    expect(c.baseUrl).toBe("https://proxy.example.com/dust");
    expect(c.region).toBeUndefined();
    expect(resolveConnection({}, { ...base, DUST_BASE_URL: "https://eu.dust.tt/" }).region).toBe("eu");
  });

  it("prefers flags over the environment", () => {
    const c = resolveConnection(
      { region: "eu", workspaceId: "flagws", apiKey: "sk-fromflag1234567" },
      { ...base, DUST_BASE_URL: "https://other.example.com" },
    );
    expect({ ...c }).toEqual({ baseUrl: "https://eu.dust.tt", region: "eu", workspaceId: "flagws", apiKey: "sk-fromflag1234567" });
    expect(resolveConnection({ baseUrl: "http://localhost:9999" }, base).baseUrl).toBe("http://localhost:9999");
  });

  it("refuses plain http except to loopback", () => {
    const err = configError(() => resolveConnection({}, { ...base, DUST_BASE_URL: "http://dust.example.com" }));
    expect(err.message).toContain("DUST_BASE_URL");
    expect(err.message).toContain("http://");
    for (const ok of ["http://127.0.0.1:3000", "http://127.1.2.3", "http://localhost:1", "http://[::1]:8080", "http://api.localhost"]) {
      expect(resolveConnection({}, { ...base, DUST_BASE_URL: ok }).baseUrl).toBe(ok.replace(/\/$/, ""));
    }
    for (const bad of ["http://128.0.0.1", "http://127.0.0.1.evil.com", "http://[::2]", "http://10.0.0.1"]) {
      configError(() => resolveConnection({}, { ...base, DUST_BASE_URL: bad }));
    }
  });

  it("refuses URLs that are not http(s), carry credentials or a query", () => {
    expect(configError(() => resolveConnection({}, { ...base, DUST_BASE_URL: "ftp://dust.tt" })).message).toContain("ftp:");
    expect(configError(() => resolveConnection({}, { ...base, DUST_BASE_URL: "https://u:p@dust.tt" })).message).toContain("password");
    expect(configError(() => resolveConnection({}, { ...base, DUST_BASE_URL: "https://dust.tt?x=1" })).message).toContain("query");
    expect(configError(() => resolveConnection({}, { ...base, DUST_BASE_URL: "not a url" })).message).toContain("not a URL");
  });

  it("names the missing variable and flag", () => {
    const noWs = configError(() => resolveConnection({}, { DUST_API_KEY: "sk-abcdef0123456789" }));
    expect(noWs.message).toContain("DUST_WORKSPACE_ID");
    expect(noWs.message).toContain("--workspace-id");
    const noKey = configError(() => resolveConnection({}, { DUST_WORKSPACE_ID: "w1", DUST_API_KEY: "  " }));
    expect(noKey.message).toContain("DUST_API_KEY");
  });

  it("refuses a key with whitespace inside without printing it", () => {
    const err = configError(() => resolveConnection({}, { ...base, DUST_API_KEY: "sk-abc\ndef-SECRETPART" }));
    expect(err.message).not.toContain("SECRETPART");
    expect(String(err.hint)).not.toContain("SECRETPART");
  });

  it("trims a trailing newline from the key", () => {
    expect(resolveConnection({}, { ...base, DUST_API_KEY: "sk-abcdef0123456789\n" }).apiKey).toBe("sk-abcdef0123456789");
  });

  it("hides the key when a Connection is logged or serialised", () => {
    const c = resolveConnection({}, base);
    expect(JSON.stringify(c)).not.toContain(base.DUST_API_KEY);
    expect(inspect(c)).not.toContain(base.DUST_API_KEY);
    expect(inspect(c)).toContain("w123");
    expect(c.apiKey).toBe(base.DUST_API_KEY);
  });

  it("is pure: it does not read process.env", () => {
    process.env["DUST_WORKSPACE_ID"] = "from-process";
    try {
      expect(() => resolveConnection({}, { DUST_API_KEY: "sk-abcdef0123456789" })).toThrow(ConfigError);
    } finally {
      delete process.env["DUST_WORKSPACE_ID"];
    }
  });
});

describe("isLoopback", () => {
  it("accepts 127/8, localhost and ::1 only", () => {
    expect(["127.0.0.1", "127.255.255.254", "localhost", "LOCALHOST", "[::1]"].every(isLoopback)).toBe(true);
    expect(["127.0.0.256", "0.0.0.0", "192.168.1.1", "localhost.com", "[::]"].some(isLoopback)).toBe(false);
  });
});
