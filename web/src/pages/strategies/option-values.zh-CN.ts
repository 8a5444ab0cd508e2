/**
 * The names of the values of the catalogue's enum options (GET /api/strategies/catalogue, `labels`) in
 * Simplified Chinese, by option key and value. The console shows the server's (English) name for a value
 * missing here, and the value itself when the server names none.
 */
export const optionValuesZhCN: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'access-mode': { custom: '自定义（按下列开关）', full: '完全访问', view: '仅共享屏幕' },
  'approve-mode': { password: '通过密码', click: '通过点击', 'password-click': '通过密码或点击' },
  'verification-method': {
    'use-temporary-password': '一次性密码',
    'use-permanent-password': '固定密码',
    'use-both-passwords': '两种密码均可',
  },
  'temporary-password-length': { '6': '6 位', '8': '8 位', '10': '10 位' },
  theme: { light: '浅色', dark: '深色', system: '跟随系统' },
  'view-style': { original: '原始大小', adaptive: '适应窗口' },
  'scroll-style': { scrollauto: '自动滚动', scrollbar: '滚动条', scrolledge: '边缘滚动' },
  'image-quality': { best: '最佳', balanced: '均衡', low: '低（更流畅）', custom: '自定义' },
  'codec-preference': { auto: '自动', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', h264: 'H.264', h265: 'H.265' },
  'peer-card-ui-type': { '0': '大图标', '1': '小图标', '2': '列表' },
  'peer-sorting': { 'Remote ID': '按 ID', 'Remote Host': '按主机名', Username: '按用户名' },
  'keep-screen-on': { never: '从不', 'during-controlled': '被控制时', 'service-on': '服务运行时' },
};
