import { scopeAt } from '../../../dockerfile/variables.js';
import { defineDockerfileRule } from '../../../core/rule.js';
import { pipCalls } from './pip.js';
import { finalImageStages, insertAfter, mountCovers, runMounts } from './support.js';

export default defineDockerfileRule({
  meta: {
    id: 'dockerfile/pip-no-cache-dir',
    title: 'pip install without --no-cache-dir',
    severity: 'warning',
    category: 'efficiency',
    rationale:
      'pip keeps every wheel it downloads or builds in ~/.cache/pip; in an image that cache is never used again but stays in the layer, often as large as the packages themselves. `pip install --no-cache-dir`, `ENV PIP_NO_CACHE_DIR=1`, or a cache mount on the pip cache (`RUN --mount=type=cache,target=/root/.cache/pip`, which keeps the cache between builds and out of the image) avoid it. Only stages that end up in the final image are checked.',
    aliases: { hadolint: ['DL3042'] },
    fixable: true,
    defaultOptions: {},
    examples: {
      bad: [
        { code: 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\n', output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n' },
        { code: 'FROM python:3.12-slim\nRUN python -m pip install \\\n      flask==3.0.3\n', output: 'FROM python:3.12-slim\nRUN python -m pip install --no-cache-dir \\\n      flask==3.0.3\n' },
      ],
      good: [
        { code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n' },
        { code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\n' },
        { code: 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n' },
        { code: 'FROM python:3.12 AS build\nRUN pip wheel -w /wheels -r requirements.txt && pip install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\n' },
      ],
    },
  },
  usesShell: true,
  check(context) {
    const finalStages = finalImageStages(context.dockerfile);
    for (const { instruction, command, args } of pipCalls(context, ['install'], undefined, (run) => run.onbuild || finalStages.has(run.stageIndex))) {
      if (args.flags.some((f) => f.name === '--no-cache-dir')) continue;
      if (command.assignments.some((a) => a.name === 'PIP_NO_CACHE_DIR') || scopeAt(context.dockerfile, instruction).get('PIP_NO_CACHE_DIR')) continue;
      if (mountCovers(instruction, ['/root/.cache/pip']) || runMounts(instruction).some((m) => m.type === 'cache' && m.target !== null && /\/\.cache(\/pip)?$/.test(m.target))) continue;
      const verb = args.positionals[0];
      context.report({
        message: '`pip install` keeps its download cache in the layer: add --no-cache-dir (or use a cache mount on ~/.cache/pip).',
        range: command.range,
        fix: command.inParseError ? undefined : { description: 'Add --no-cache-dir', edits: [insertAfter(verb, ' --no-cache-dir')] },
      });
    }
  },
});
