import { describe, expect, it } from "vitest";
import { githubActionsRepository, normaliseRepository } from "../../src/identity/normalise.js";
import { missingRepositoryError, resolveRepository } from "../../src/identity/resolve.js";
import { tempRepos } from "../git/repo.js";

const repo = tempRepos();

describe("repository identity", () => {
  it("gives one id for the https, ssh and scp-like remotes of one repository, whatever the case, port, credentials or .git", () => {
    const forms = [
      "https://github.com/Acme/Skills.git",
      "https://github.com/acme/skills",
      "https://x-access-token:ghs_secret@github.com/acme/skills.git",
      "http://github.com/acme/skills/",
      "git@github.com:acme/skills.git",
      "ssh://git@github.com/acme/skills.git",
      "ssh://git@github.com:22/acme/skills",
      "git://github.com/acme/skills.git",
      "github.com/acme/skills",
      "GitHub.com/Acme/Skills.git",
    ];
    for (const f of forms) expect(normaliseRepository(f), f).toEqual({ id: "github.com/acme/skills" });
    expect(normaliseRepository("git@gitlab.example.com:group/sub/project.git")).toEqual({ id: "gitlab.example.com/group/sub/project" });
  });

  it("explains what cannot be an identity", () => {
    expect(normaliseRepository("")).toEqual({ problem: "it is empty" });
    expect(normaliseRepository("skills")).toMatchObject({ problem: expect.stringMatching(/host and a name/) });
    expect(normaliseRepository("file:///srv/git/skills.git")).toMatchObject({ problem: expect.stringMatching(/not a network URL/) });
    expect(normaliseRepository("github.com/acme/my skills")).toMatchObject({ problem: expect.stringMatching(/characters/) });
  });

  it("reads GitHub Actions' server and repository, Enterprise servers included", () => {
    expect(githubActionsRepository({ GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "Acme/Skills" })).toBe("github.com/acme/skills");
    expect(githubActionsRepository({ GITHUB_REPOSITORY: "acme/skills" })).toBe("github.com/acme/skills");
    expect(githubActionsRepository({ GITHUB_SERVER_URL: "https://ghe.example.com/", GITHUB_REPOSITORY: "acme/skills" })).toBe("ghe.example.com/acme/skills");
    expect(githubActionsRepository({})).toBeNull();
  });
});

describe("resolveRepository", () => {
  it("takes the origin remote of a real clone: https and ssh remotes agree with each other and with Actions", async () => {
    const https = repo();
    https.git("remote", "add", "origin", "https://github.com/Acme/skills.git");
    const ssh = repo();
    ssh.git("remote", "add", "origin", "git@github.com:acme/skills.git");
    const env = {};
    const a = await resolveRepository({ gitRoot: https.dir, env });
    const b = await resolveRepository({ gitRoot: ssh.dir, env });
    expect(a).toEqual({ id: "github.com/acme/skills", source: "git remote origin" });
    expect(b).toEqual(a);
    const ci = await resolveRepository({ gitRoot: null, env: { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/skills" } });
    expect(ci?.id).toBe(a?.id);
  });

  it("prefers the flag, then the config file, then origin, then Actions; a local-path origin names no repository", async () => {
    const r = repo();
    r.git("remote", "add", "origin", "/srv/git/skills.git");
    const env = { GITHUB_REPOSITORY: "acme/from-actions" };
    expect((await resolveRepository({ gitRoot: r.dir, env }))?.id).toBe("github.com/acme/from-actions");
    const config = { value: "github.com/acme/from-config", file: "dust-skills.yml" };
    expect((await resolveRepository({ gitRoot: r.dir, env, config }))?.id).toBe("github.com/acme/from-config");
    expect((await resolveRepository({ gitRoot: r.dir, env, config, flag: "git@github.com:acme/from-flag.git" }))?.id).toBe("github.com/acme/from-flag");
    expect(await resolveRepository({ gitRoot: repo().dir, env: {} })).toBeNull();
    expect(await resolveRepository({ gitRoot: null, env: {} })).toBeNull();
  });

  it("refuses a flag or config value that is no identity, naming where it came from", async () => {
    await expect(resolveRepository({ gitRoot: null, env: {}, flag: "skills" })).rejects.toThrow(/--repository "skills" is not a repository identity/);
    await expect(resolveRepository({ gitRoot: null, env: {}, config: { value: "a b/c", file: "dust-skills.yml" } })).rejects.toThrow(
      /repository: in dust-skills.yml "a b\/c"/,
    );
    expect(missingRepositoryError().hint).toMatch(/--repository github.com\/<owner>\/<name>/);
  });
});
