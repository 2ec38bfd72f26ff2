import { path } from '@stack/framework/urls';
import { IndexView, QuestionDetailView, ResultsView, vote } from './views.ts';

export const appName = 'polls';
export const urlpatterns = [
  path('', IndexView.asView(), { name: 'index' }),
  path('<int:pk>/', QuestionDetailView.asView(), { name: 'detail' }),
  path('<int:pk>/results/', ResultsView.asView(), { name: 'results' }),
  path('<int:questionId>/vote/', vote, { name: 'vote' }),
];
