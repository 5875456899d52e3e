from django.views.generic import DetailView, TemplateView

from directory.models import ProblemType, Service


class HomeView(TemplateView):
    template_name = "directory/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["problem_types"] = ProblemType.objects.top_level()
        return context


class ServiceDetailView(DetailView):
    template_name = "directory/service_detail.html"
    context_object_name = "service"

    def get_queryset(self):
        return (
            Service.objects.published()
            .select_related("organization", "successor")
            .prefetch_related("contact_channels", "problem_types")
        )


class ProblemTypeDetailView(DetailView):
    template_name = "directory/problem_detail.html"
    context_object_name = "problem"
    queryset = ProblemType.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["services"] = (
            Service.objects.published()
            .active()
            .for_problem(self.object)
            .select_related("organization")
        )
        return context
