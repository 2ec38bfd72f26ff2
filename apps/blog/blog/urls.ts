import { path } from '@stack/framework/urls';
import { downloadPost, exportPostsCsv } from './views/exports.ts';
import { likePost } from './views/likes.ts';
import { PostCreateView, PostUpdateView } from './views/edit.ts';
import { PostDetailView, PostListView, postDetail } from './views/posts.ts';
import { statistics } from './views/stats.ts';

export const appName = 'blog';

export const urlpatterns = [
  path('', PostListView.asView(), { name: 'post_list' }),
  path('post/new/', PostCreateView.asView(), { name: 'post_create' }),
  path('post/<slug:slug>/', postDetail, { name: 'post_detail' }),
  path('post/<slug:slug>/edit/', PostUpdateView.asView(), { name: 'post_edit' }),
  path('post/<slug:slug>/like/', likePost, { name: 'like_post' }),
  path('post/<slug:slug>/download/', downloadPost, { name: 'post_download' }),
  path('p/<int:pk>/', PostDetailView.asView(), { name: 'post_detail_cbv' }),
  path('statistics/', statistics, { name: 'statistics' }),
  path('export/posts.csv', exportPostsCsv, { name: 'export_csv' }),
];
