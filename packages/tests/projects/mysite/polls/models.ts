import {
  CASCADE,
  CharField,
  DateTimeField,
  ForeignKey,
  IntegerField,
  defineModel,
} from '@stack/framework/orm';

const DAY = 24 * 60 * 60 * 1000;

export class Question extends defineModel<Question>()('polls.Question', {
  questionText: new CharField({ maxLength: 200 }),
  pubDate: new DateTimeField({ verboseName: 'date published' }),
}) {
  override toString(): string {
    return this.questionText;
  }

  wasPublishedRecently(): boolean {
    const now = Date.now();
    return now - DAY <= this.pubDate.getTime() && this.pubDate.getTime() <= now;
  }
}

export class Choice extends defineModel<Choice>()('polls.Choice', {
  question: new ForeignKey(() => Question, { onDelete: CASCADE }),
  choiceText: new CharField({ maxLength: 200 }),
  votes: new IntegerField({ default: 0 }),
}) {
  override toString(): string {
    return this.choiceText;
  }
}
