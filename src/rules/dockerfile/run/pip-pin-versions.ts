import { defineDockerfileRule } from '../../../core/rule.js';
import { packageWords } from './packages.js';
import { pipCalls } from './pip.js';

const VERSION_OPERATOR = /==|>=|<=|~=|!=|>|<|===/;
const VCS = /^(git|hg|svn|bzr)(\+[a-z]+)?:/;
const ARCHIVE = /\.(whl|tar\.gz|tgz|zip|tar\.bz2)$/;

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/pip-pin-versions',
    title: 'pip install without pinned versions',
    severity: 'warning',
    category: 'reliability',
    rationale:
      'Without `package==version`, each build installs the newest release on PyPI, so a rebuild can pull a breaking major version. A requirements or constraints file (`pip install -r requirements.txt`, `-c constraints.txt`) pins everything in one reviewed place and is what this rule recommends; installing a local project (`.`) or an archive is not reported. It is one of the contested pinning rules and is off in the recommended preset.',
    aliases: { hadolint: ['DL3013'] },
    fixable: false,
    recommended: false,
    defaultOptions: {},
    examples: {
      bad: [{ code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 gunicorn\n' }],
      good: [
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 "gunicorn>=22,<23"\n' },
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n' },
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir .\n' },
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir git+https://github.com/acme/tool@v1.2.0 /wheels/app-1.0-py3-none-any.whl\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    for (const { args } of pipCalls(context, ['install'])) {
      if (args.flags.some((f) => ['-r', '--requirement', '-c', '--constraint'].includes(f.name))) continue;
      const packages = packageWords(args);
      if (packages.some((word) => word.value === '.' || word.value === './')) continue;
      for (const word of packages) {
        const name = word.value!;
        if (VERSION_OPERATOR.test(name) || ARCHIVE.test(name) || (VCS.test(name) ? /@[^/]+$/.test(name) : name.includes('/'))) continue;
        context.report({ message: `Pin the version of \`${name}\` (\`${name}==<version>\`) or install from a requirements file.`, range: word.range });
      }
    }
  },
});
