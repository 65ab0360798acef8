// Lessons 13 (retention) and 14 (compaction) played end to end in the page,
// in English and Korean: every prediction is answered by the simulation with
// the value the lesson expects, every task is done by "show me", the console
// shows what the step says (offsets after retention, a tombstone printed as
// null), and the durability ledger never counts a removal as a loss.
//
//   scripts/release-build.sh && node tests/e2e/lessons_log.spec.mjs
//
// Screenshots go to tests/e2e/screenshots/lessons-log-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { serveDist, SHOTS, watchProblems } from './harness.mjs';

const suite = serveDist();

const lessonFile = async (file) => JSON.parse(await readFile(new URL(`../../static/lessons/${file}`, import.meta.url)));
const shot = (page, name) => page.screenshot({ path: new URL(`lessons-log-${name}.png`, SHOTS).pathname });
const waitStep = (page, n) =>
  page.waitForFunction((n) => document.querySelector('[data-testid="lesson-step"]')?.dataset.step === String(n), n,
    { timeout: 60000 });

/** What the console printed for the current step (the whole transcript; the caller looks for new lines). */
const consoleText = (page) => page.getByTestId('console-output').innerText();

/** Checks that only hold at some steps: `[id][step](page, lang)`. */
const atStep = {
  retention: {
    4: async (page) => {
      const text = await consoleText(page);
      assert.match(text, /Offset:3\s+click-3/, 'after the 5:30 check the first offset read is 3');
    },
    6: async (page) => {
      const log = await page.getByTestId('event-log').innerText();
      assert.match(log, /archiver/, 'the event log tells the jump of archiver');
    },
  },
  compaction: {
    4: async (page) => {
      assert.match(await consoleText(page), /Offset:7\s+carol\s+null/, 'the tombstone is printed as null');
    },
  },
};

for (const [file, id] of [['13-retention.json', 'retention'], ['14-compaction.json', 'compaction']]) {
  for (const [lang, size] of [['en', { width: 1440, height: 900 }], ['ko', { width: 1920, height: 1080 }]]) {
    test(`lesson ${id} plays end to end with the expected answers (${lang})`, async () => {
      const lesson = await lessonFile(file);
      const context = await suite.browser.newContext({ locale: lang === 'ko' ? 'ko-KR' : 'en-US', viewport: size });
      const page = await context.newPage();
      const problems = [];
      watchProblems(page, context, suite.base, problems);
      await page.goto(new URL(`./?lesson=${id}&lang=${lang}`, suite.base).href);
      await page.getByTestId('lesson-text').waitFor({ state: 'visible' });
      assert.equal(await page.getByTestId('lesson-step').getAttribute('data-steps'), String(lesson.steps.length));
      for (let n = 1; n <= lesson.steps.length; n++) {
        const step = lesson.steps[n - 1];
        if (step.prediction) {
          // The question is asked before the step; picking the expected value enters it.
          await page.locator(`[data-testid="prediction-choice"][data-value="${step.prediction.expect}"]`).click();
        } else {
          await page.getByTestId('lesson-next').click();
        }
        await waitStep(page, n);
        assert.equal(await page.getByTestId('lesson-text').innerText(), step.narration[lang].trim());
        if (step.prediction) {
          const answer = page.getByTestId('prediction-answer');
          await answer.waitFor({ timeout: 60000 });
          assert.equal(await answer.getAttribute('data-answer'), step.prediction.expect, `${id} step ${n}`);
          assert.equal(await page.getByTestId('prediction-verdict').getAttribute('data-correct'), 'true');
        }
        await atStep[id]?.[n]?.(page, lang);
        if (step.task) {
          const status = page.getByTestId('task-status');
          assert.equal(await status.getAttribute('data-done'), 'false', `${id} step ${n}: done before the learner acts`);
          await page.getByTestId('task-show-me').click();
          await page.waitForFunction(() =>
            document.querySelector('[data-testid="task-status"]')?.dataset.done === 'true', null, { timeout: 60000 });
        }
        await shot(page, `${id}-${lang}-step${n}`);
      }
      assert.equal(await page.getByTestId('ledger-lost').innerText(), '0', 'removals are never counted as losses');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
