import { DetailView, ListView, getObjectOr404, render } from '@stack/framework';
import { F } from '@stack/framework/orm';
import { HttpResponseRedirect, type HttpRequest } from '@stack/framework/request';
import { reverse } from '@stack/framework/urls';
import { Choice, Question } from './models.ts';

export class IndexView extends ListView {
  override templateName = 'polls/index.html';
  override contextObjectName = 'latest_question_list';

  /** The last five published questions (not those set to be published in the future). */
  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() }).orderBy('-pubDate').slice(0, 5);
  }
}

export class QuestionDetailView extends DetailView {
  override model = Question;
  override templateName = 'polls/detail.html';

  /** Questions not yet published are not found. */
  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() });
  }
}

export class ResultsView extends DetailView {
  override model = Question;
  override templateName = 'polls/results.html';
}

export async function vote(request: HttpRequest, { questionId }: { questionId: number }) {
  const question = await getObjectOr404(Question, { pk: questionId });
  const choice = request.POST.get('choice');
  const selected =
    typeof choice === 'string' && /^\d+$/.test(choice)
      ? await Choice.objects.filter({ question: question.pk, pk: Number(choice) }).first()
      : null;
  if (!selected) {
    return render(request, 'polls/detail.html', {
      question,
      error_message: "You didn't select a choice.",
    });
  }
  await Choice.objects.filter({ pk: selected.pk }).update({ votes: F('votes').add(1) });
  return new HttpResponseRedirect(reverse('polls:results', { args: [question.pk] }));
}
