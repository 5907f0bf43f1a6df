/**
 * The one rule for environment variable names, used by `env:` maps, `$GITHUB_ENV` and the
 * engines' `--env NAME` arguments. GitHub takes dotted and dashed names (Gradle reads
 * `ORG_GRADLE_PROJECT_org.gradle.…` from its environment), which a process reads although a
 * shell cannot expand them; never `=`, NUL, whitespace, or a leading digit, `.` or `-` (so a
 * name can never be read as a flag or split an argument).
 */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
