/** `--repository`, shared by every command that writes or packs ownership records. */
export const repositoryOption = {
  type: "string",
  describe: "Repository identity recorded in Dust, host/owner/name (default: config `repository:`, else git origin, else GITHUB_REPOSITORY)",
} as const;
