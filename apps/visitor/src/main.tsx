import { createRoot } from 'react-dom/client';
import { pageOf } from './pages.tsx';
import { routeOf } from './route.ts';
import { VisitorApp } from './VisitorApp.tsx';
import './visitor.css';

createRoot(document.getElementById('root')!).render(
  <VisitorApp route={routeOf(window.location.pathname)} pages={pageOf} />,
);
