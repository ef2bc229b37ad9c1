package dev.podium.edge.web;

import java.lang.reflect.Type;
import java.util.Map;

import dev.podium.platform.input.Text;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where every text a request sends is checked against what PostgreSQL
 * stores unchanged ({@link Text}, decision 12): each query parameter (as an interceptor,
 * after the role check, so that a caller without a token hears 401 first) and every
 * string of a JSON body, to any depth (as body advice). A refused text is a 400 naming
 * its field. {@code POST /activities} reads its own body and checks each row on its own,
 * so that a bad row is rejected by index beside the good ones.
 */
@ControllerAdvice
public class TextGuard extends RequestBodyAdviceAdapter implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			Text.check(parameter.getKey(), parameter.getKey());
			for (String value : parameter.getValue()) {
				Text.check(parameter.getKey(), value);
			}
		}
		return true;
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return JsonNode.class.isAssignableFrom(parameter.getParameterType())
				|| Map.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		Text.checkTree(null, (body instanceof JsonNode node) ? node : JsonMapper.shared().valueToTree(body));
		return body;
	}

}
