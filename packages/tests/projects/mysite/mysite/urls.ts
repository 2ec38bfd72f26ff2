import { include, path } from '@stack/framework/urls';
import * as polls from '../polls/urls.ts';

export const urlpatterns = [path('polls/', include(polls))];
