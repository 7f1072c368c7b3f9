// notFound() in a page (a project that does not exist): inside the app layout, which has the main landmark.
export { PageNotFound as default } from "@/components/ui/page-not-found";
