// The Django tutorial's part 5 tests, ported; then what parts 3 and 4 show, tested the same way.
import { TestCase } from '@stack/framework/test';
import { reverse } from '@stack/framework/urls';
import { Choice, Question } from './models.ts';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Create a question with the given `questionText` and published the given number of `days`
 * offset to now (negative for questions published in the past, positive for questions that
 * have yet to be published).
 */
function createQuestion(questionText: string, days: number) {
  return Question.objects.create({ questionText, pubDate: new Date(Date.now() + days * DAY) });
}

export class QuestionModelTests extends TestCase {
  async testWasPublishedRecentlyWithFutureQuestion() {
    // wasPublishedRecently() returns false for questions whose pubDate is in the future.
    const futureQuestion = new Question({ pubDate: new Date(Date.now() + 30 * DAY) });
    this.assertIs(futureQuestion.wasPublishedRecently(), false);
  }

  async testWasPublishedRecentlyWithOldQuestion() {
    // wasPublishedRecently() returns false for questions whose pubDate is older than 1 day.
    const oldQuestion = new Question({ pubDate: new Date(Date.now() - DAY - 1000) });
    this.assertIs(oldQuestion.wasPublishedRecently(), false);
  }

  async testWasPublishedRecentlyWithRecentQuestion() {
    // wasPublishedRecently() returns true for questions whose pubDate is within the last day.
    const recentQuestion = new Question({ pubDate: new Date(Date.now() - DAY + 1000) });
    this.assertIs(recentQuestion.wasPublishedRecently(), true);
  }
}
QuestionModelTests.register();

export class QuestionIndexViewTests extends TestCase {
  async testNoQuestions() {
    // If no questions exist, an appropriate message is displayed.
    const response = await this.client.get(reverse('polls:index'));
    this.assertEqual(response.status, 200);
    this.assertContains(response, 'No polls are available.');
    await this.assertQuerysetEqual(response.context!.latest_question_list as Question[], []);
  }

  async testPastQuestion() {
    // Questions with a pubDate in the past are displayed on the index page.
    const question = await createQuestion('Past question.', -30);
    const response = await this.client.get(reverse('polls:index'));
    await this.assertQuerysetEqual(response.context!.latest_question_list as Question[], [
      question,
    ]);
  }

  async testFutureQuestion() {
    // Questions with a pubDate in the future aren't displayed on the index page.
    await createQuestion('Future question.', 30);
    const response = await this.client.get(reverse('polls:index'));
    this.assertContains(response, 'No polls are available.');
    await this.assertQuerysetEqual(response.context!.latest_question_list as Question[], []);
  }

  async testFutureQuestionAndPastQuestion() {
    // Even if both past and future questions exist, only past questions are displayed.
    const question = await createQuestion('Past question.', -30);
    await createQuestion('Future question.', 30);
    const response = await this.client.get(reverse('polls:index'));
    await this.assertQuerysetEqual(response.context!.latest_question_list as Question[], [
      question,
    ]);
  }

  async testTwoPastQuestions() {
    // The questions index page may display multiple questions.
    const question1 = await createQuestion('Past question 1.', -30);
    const question2 = await createQuestion('Past question 2.', -5);
    const response = await this.client.get(reverse('polls:index'));
    await this.assertQuerysetEqual(response.context!.latest_question_list as Question[], [
      question2,
      question1,
    ]);
  }
}
QuestionIndexViewTests.register();

export class QuestionDetailViewTests extends TestCase {
  async testFutureQuestion() {
    // The detail view of a question with a pubDate in the future returns a 404 not found.
    const futureQuestion = await createQuestion('Future question.', 5);
    const url = reverse('polls:detail', { args: [futureQuestion.pk] });
    const response = await this.client.get(url);
    this.assertEqual(response.status, 404);
  }

  async testPastQuestion() {
    // The detail view of a question with a pubDate in the past displays the question's text.
    const pastQuestion = await createQuestion('Past Question.', -5);
    const url = reverse('polls:detail', { args: [pastQuestion.pk] });
    const response = await this.client.get(url);
    this.assertContains(response, pastQuestion.questionText);
  }
}
QuestionDetailViewTests.register();

export class VoteTests extends TestCase {
  static question: Question;
  static choice: Choice;
  declare question: Question;
  declare choice: Choice;

  static override async setUpTestData() {
    this.question = await createQuestion('What is new?', -1);
    this.choice = await Choice.objects.create({ question: this.question, choiceText: 'Not much' });
  }

  async testVotingCountsTheVoteAndRedirectsToTheResults() {
    const response = await this.client.post(reverse('polls:vote', { args: [this.question.pk] }), {
      choice: String(this.choice.pk),
    });
    await this.assertRedirects(response, reverse('polls:results', { args: [this.question.pk] }));
    const results = await this.client.get(reverse('polls:results', { args: [this.question.pk] }));
    this.assertContains(results, '<li>Not much -- 1 vote</li>', { html: true });
    this.assertTemplateUsed(results, 'polls/results.html');
    this.assertTemplateUsed(results, 'polls/base.html');
    this.assertTemplateUsed(results, 'polls/footer.html');
  }

  async testEachTestStartsFromTheClassData() {
    this.assertEqual((await Choice.objects.get({ pk: this.choice.pk })).votes, 0);
  }

  async testVotingWithoutAChoiceShowsTheFormAgain() {
    const response = await this.client.post(reverse('polls:vote', { args: [this.question.pk] }));
    // The apostrophe is escaped (&#x27;) in the page: compared as HTML, it is the same text.
    this.assertContains(response, "You didn't select a choice.", { html: true });
    this.assertContains(response, `<footer>You are on /polls/${this.question.pk}/vote/</footer>`, {
      html: true,
    });
    this.assertTemplateNotUsed(response, 'polls/results.html');
  }
}
VoteTests.register();
