/** drydock as a library: the same pipeline the CLI and the language server use. */
export { ConfigResolver, ConfigError, type EffectiveConfig } from './core/config.js';
export { detectLanguage, type Language } from './core/detect.js';
export { Linter, type FixOutcome, type LintInput, type LintResult, type LintTimings } from './core/engine.js';
export { lintProject, lintProjectTexts } from './core/project.js';
export { imageFacts, type ImageFacts } from './cross/image-facts.js';
export { discoverLinks, LinkTable, type ConfigImageMapping, type ImageLink, type LinkSources } from './cross/links.js';
export { buildProjectImages } from './cross/project-images.js';
export type { ProjectImages } from './cross/rule.js';
export { RuleRegistry } from './core/registry.js';
export type { AnyRule } from './core/rule.js';
export type { Finding, Fix, Severity, TextEdit } from './core/types.js';
export { parseDockerfile } from './dockerfile/parser.js';
export { loadK8sFile } from './k8s/loader.js';
export { allRules } from './rules/index.js';
export { VERSION } from './version.js';
