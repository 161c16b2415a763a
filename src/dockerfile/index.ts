/** The Dockerfile front end: syntax tree, parser, variables and image references. */
export type * from './ast.js';
export { parseDockerfile, builderWordRanges, heredocWord } from './parser.js';
export {
  PREDEFINED_ARGS,
  expand,
  findVariables,
  globalArgScope,
  globalScopeOf,
  lexWord,
  partsValue,
  partsVariables,
  scopeAt,
  type Part,
  type VarNode,
} from './variables.js';
export { parseImageRef } from './image.js';
