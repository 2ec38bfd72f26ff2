/** Django 3.2's default `MIDDLEWARE`, in its order, as Stack names them: the servers' "defaults". */
export const DEFAULT_MIDDLEWARE = [
  '@stack/middleware:SecurityMiddleware',
  '@stack/contrib-sessions:SessionMiddleware',
  '@stack/middleware:CommonMiddleware',
  '@stack/middleware:CsrfViewMiddleware',
  '@stack/contrib-auth:AuthenticationMiddleware',
  '@stack/contrib-messages:MessageMiddleware',
  '@stack/middleware:XFrameOptionsMiddleware',
];
