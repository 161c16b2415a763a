import { parseArgs } from '../../../dockerfile/shell.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { runCommands } from './support.js';

const OFF = /^(false|0|no|off)$/i;
const KEY = /^http(\..+)?\.sslverify$/i;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/git-ssl-verify-disabled',
    title: 'git with certificate checks disabled',
    severity: 'error',
    category: 'security',
    rationale:
      '`git -c http.sslVerify=false`, `git config http.sslVerify false` and `GIT_SSL_NO_VERIFY=1 git …` make git accept any certificate, so the code cloned into the image can be replaced in transit. Trust the server\'s CA with `http.sslCAInfo` instead. (`ENV GIT_SSL_NO_VERIFY` is reported by the ENV rules.)',
    aliases: {},
    fixable: false,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM alpine/git:2.45.2\nRUN git -c http.sslVerify=false clone https://git.example.com/app.git /src\n' },
        { code: 'FROM alpine/git:2.45.2\nRUN git config --global http.sslVerify false\n' },
        { code: 'FROM alpine/git:2.45.2\nRUN GIT_SSL_NO_VERIFY=1 git clone https://git.example.com/app.git /src\n' },
      ],
      good: [{ code: 'FROM alpine/git:2.45.2\nRUN git -c http.sslCAInfo=/etc/ssl/internal-ca.pem clone https://git.example.com/app.git /src\n' }],
    },
  },
  usesShell: true,
  check(context) {
    const message = 'git accepts any certificate here, so the cloned code can be replaced in transit: trust the CA with http.sslCAInfo instead.';
    for (const { command } of runCommands(context, ['git'], /sslverify|SSL_NO_VERIFY/i)) {
      const args = parseArgs(command);
      for (const flag of args.flags) {
        if (flag.name === '-c' && flag.value !== null) {
          const [key, value] = flag.value.split('=', 2);
          if (KEY.test(key) && OFF.test(value ?? '')) context.report({ message, range: flag.valueWord?.range ?? flag.word.range });
        }
      }
      const words = args.positionals;
      if (words[0]?.value === 'config') {
        const key = words.findIndex((w) => KEY.test(w.value ?? ''));
        if (key > 0 && OFF.test(words[key + 1]?.value ?? '')) context.report({ message, range: words[key].range });
      }
      for (const assignment of command.assignments) {
        if (assignment.name === 'GIT_SSL_NO_VERIFY' && assignment.value?.value && !OFF.test(assignment.value.value)) context.report({ message, range: assignment.range });
      }
    }
  },
});
