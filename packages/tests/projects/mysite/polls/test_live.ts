// A real browser against a real server: LiveServerTestCase with playwright-core and Chromium.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { LiveServerTestCase } from '@stack/framework/test';
import { Choice, Question } from './models.ts';

const executablePath = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';

export class VotingInABrowserTests extends LiveServerTestCase {
  static browser: Browser;

  static override async setUpClass() {
    await super.setUpClass();
    if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}`);
    this.browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }

  static override async tearDownClass() {
    await this.browser?.close();
    await super.tearDownClass();
  }

  async testVoteThroughTheForm() {
    const question = await Question.objects.create({
      questionText: 'Which browser?',
      pubDate: new Date(Date.now() - 60_000),
    });
    await Choice.objects.create({ question, choiceText: 'Chromium' });
    const page = await VotingInABrowserTests.browser.newPage();
    try {
      await page.goto(`${this.liveServerUrl}/polls/`);
      await page.click('text=Which browser?');
      await page.check('text=Chromium');
      await page.click('input[type=submit]');
      await page.waitForURL(/\/results\/$/);
      this.assertIn('Chromium -- 1 vote', await page.textContent('body'));
    } finally {
      await page.close();
    }
  }
}
VotingInABrowserTests.register();
