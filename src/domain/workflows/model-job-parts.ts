/** Parts of a parsed job that phase B executes: containers, defaults, environments, calls. */

/** `defaults.run`: applied to run steps that set neither. */
export interface RunDefaults {
  shell: string | null;
  workingDirectory: string | null;
}

/** `container:` or one entry of `services:`; every string may hold `${{ }}`. */
export interface JobContainer {
  /** Image reference; '' (e.g. from an expression) means no container, as on GitHub. */
  image: string;
  env: Record<string, string>;
  /** Extra engine options as written (`--health-cmd pg_isready …`); allowlisted when run. */
  options: string | null;
  credentials: { username: string; password: string } | null;
  /** `5432:5432`, `6379`, … as written. */
  ports: string[];
  volumes: string[];
}

/** `environment:` (a name, or `{name, url}`): accepted and carried. */
export interface JobEnvironment {
  name: string;
  url: string | null;
}

/** `jobs.<id>.uses: ./.shithub/workflows/<file>.yml` with its inputs and secrets. */
export interface ReusableWorkflowCall {
  /** Repository path of the called file, without `./` (`.shithub/workflows/build.yml`). */
  path: string;
  /** Input name → value; strings may hold `${{ }}`. */
  with: Record<string, string | number | boolean>;
  /** `inherit` passes every secret of the caller; else name → template. */
  secrets: 'inherit' | Record<string, string>;
}
