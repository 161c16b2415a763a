import type { Instruction, VariableRef } from '../../../dockerfile/ast.js';
import { scopeAt } from '../../../dockerfile/variables.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { closest, rootedInScratch } from './util.js';

/** Instructions whose words the builder expands (shell-form and exec-form commands are not). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Names that images and the builder commonly provide. */
const WELL_KNOWN = new Set(['PATH', 'HOME', 'HOSTNAME', 'TERM', 'USER', 'PWD', 'SHELL', 'LANG', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy']);
const HANDLES_UNSET = new Set([':-', '-', ':+', '+']);

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/undefined-var',
    title: 'Variable used but never defined',
    severity: 'warning',
    category: 'correctness',
    rationale:
      'A `$NAME` that no ARG or ENV defines expands to an empty string, so `COPY app /$APP_DIR` copies to `/` and `ENV PATH=$PAHT:/opt/bin` loses the PATH. Base images can define variables drydock cannot see, so the rule reports a name only when it is close to a defined one (a likely typo) or when the stage starts from `scratch`. Like BuildKit, it does not look into RUN, CMD or ENTRYPOINT, which the shell expands.',
    aliases: { buildkit: ['UndefinedVar'] },
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine:3.20\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOEM\n' },
        { code: 'FROM scratch\nCOPY app /opt/$APP_DIR/\n' },
      ],
      good: [
        { code: 'FROM alpine:3.20\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOME\n' },
        { code: 'FROM eclipse-temurin:21\nENV PATH=$JAVA_HOME/bin:$PATH\n' },
        { code: 'FROM alpine:3.20\nRUN echo $UNDEFINED\n' },
      ],
    },
  },
  check(context) {
    const { dockerfile } = context;
    for (const stage of dockerfile.stages) {
      let fromScratch: boolean | null = null;
      for (const instruction of stage.instructions) {
        if (instruction.kind === 'ONBUILD' || !EXPANDED.has(instruction.kind)) continue;
        const refs = references(instruction);
        if (refs.length === 0) continue;
        let defined: Set<string> | null = null;
        let declaredHere: Set<string> | null = null;
        for (const ref of refs) {
          if (WELL_KNOWN.has(ref.name)) continue;
          defined ??= new Set(scopeAt(dockerfile, instruction).keys());
          // A name set in the same ENV/ARG is dockerfile/env-self-reference's finding.
          declaredHere ??= new Set(instruction.kind === 'ENV' || instruction.kind === 'ARG' ? instruction.pairs.map((pair) => pair.key.value) : []);
          if (defined.has(ref.name) || declaredHere.has(ref.name)) continue;
          if (ref.operator !== null && HANDLES_UNSET.has(ref.operator)) continue;
          if (!/^[A-Za-z_]/.test(ref.name)) continue;
          const hint = closest(ref.name, defined);
          if (!hint && !(fromScratch ??= rootedInScratch(dockerfile, stage))) continue;
          const text = context.source.text.slice(ref.span.start, ref.span.end);
          context.report({
            message: `"$${ref.name}" is not defined by any ARG or ENV before it, so it expands to an empty string${hint ? `; did you mean "$${hint}"?` : '.'}`,
            range: ref.range,
            suggestions: hint ? [{ description: `Use $${hint}`, edits: [{ span: ref.span, text: text.replace(ref.name, hint) }] }] : undefined,
          });
        }
      }
    }
  },
});

/** The variable references of an instruction's words, in order. */
function references(instruction: Instruction): VariableRef[] {
  const refs: VariableRef[] = [];
  if (instruction.kind === 'ENV' || instruction.kind === 'ARG' || instruction.kind === 'LABEL') {
    for (const pair of instruction.pairs) {
      refs.push(...pair.key.variables);
      if (pair.value) refs.push(...pair.value.variables);
    }
  } else for (const word of instruction.args) refs.push(...word.variables);
  return refs;
}
