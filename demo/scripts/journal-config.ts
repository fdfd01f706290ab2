/**
 * The cookie configuration of the Yunfan Journal (/site.html, where the banner carries it inline so it
 * paints at once), for the pages that manage the same choices elsewhere: the privacy centre.
 */
import type { CookieConfigInput } from '../../src/cookies/config.js';

export const journalCookieConfig: CookieConfigInput = {
  revision: 'journal-2026-11',
  expiryDays: 180,
  categories: [
    {
      id: 'necessary',
      necessary: true,
      title: {
        'zh-CN': '必要',
        en: 'Necessary',
      },
      description: {
        'zh-CN': '保障网站正常运行和安全，并记住您的选择。',
        en: 'Keep the site working and secure, and remember your choice.',
      },
      services: [
        {
          id: 'site',
          name: {
            'zh-CN': '云帆志网站',
            en: 'Yunfan Journal',
          },
          cookies: [
            {
              name: 'yf_session',
              provider: 'journal.yunfan.example',
              purpose: {
                'zh-CN': '保持评论登录状态',
                en: 'Keeps you signed in to comment',
              },
              expiry: {
                'zh-CN': '会话',
                en: 'Session',
              },
            },
            {
              name: 'yf_csrf',
              provider: 'journal.yunfan.example',
              purpose: {
                'zh-CN': '防止表单被伪造',
                en: 'Protects forms against forgery',
              },
              expiry: {
                'zh-CN': '会话',
                en: 'Session',
              },
            },
          ],
        },
      ],
    },
    {
      id: 'analytics',
      title: {
        'zh-CN': '统计分析',
        en: 'Analytics',
      },
      description: {
        'zh-CN': '统计访问量和文章阅读情况，数据经过汇总，不用于识别您。',
        en: 'Counts visits and reads; aggregated, never used to identify you.',
      },
      services: [
        {
          id: 'stats',
          name: {
            'zh-CN': '自建统计服务',
            en: 'Self-hosted analytics',
          },
          cookies: [
            {
              name: 'yf_stats_id',
              provider: 'journal.yunfan.example',
              purpose: {
                'zh-CN': '区分访客以统计访问量',
                en: 'Distinguishes visitors for visit counts',
              },
              expiry: {
                'zh-CN': '13个月',
                en: '13 months',
              },
            },
            {
              name: 'yf_stats_ses',
              provider: 'journal.yunfan.example',
              purpose: {
                'zh-CN': '将页面浏览归入同一次访问',
                en: 'Groups page views into a visit',
              },
              expiry: {
                'zh-CN': '30分钟',
                en: '30 minutes',
              },
            },
          ],
        },
      ],
    },
    {
      id: 'marketing',
      gpc: true,
      title: {
        'zh-CN': '营销',
        en: 'Marketing',
      },
      description: {
        'zh-CN': '衡量推广活动带来的访问。',
        en: 'Measures which campaigns bring readers to the site.',
      },
      services: [
        {
          id: 'adx',
          name: {
            'zh-CN': '广告合作方',
            en: 'Advertising partner',
          },
          cookies: [
            {
              name: '^_adx_',
              regex: true,
              provider: 'ads.partner.example',
              purpose: {
                'zh-CN': '推广效果归因',
                en: 'Campaign attribution',
              },
              expiry: {
                'zh-CN': '90天',
                en: '90 days',
              },
            },
          ],
        },
      ],
    },
    {
      id: 'media',
      title: {
        'zh-CN': '嵌入媒体',
        en: 'Embedded media',
      },
      description: {
        'zh-CN': '加载文章中嵌入的视频播放器，播放器会设置其自身的 Cookie。',
        en: 'Loads the video player embedded in articles, which sets cookies of its own.',
      },
      services: [
        {
          id: 'video',
          name: {
            'zh-CN': '视频平台',
            en: 'Video platform',
          },
        },
      ],
    },
  ],
};
