import { createApp } from 'vue';
import { configure } from 'assent';
import App from './App.vue';

configure({ endpoint: '/api/receipts' });
createApp(App).mount('#app');
